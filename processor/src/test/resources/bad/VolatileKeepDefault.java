package com.example.bad;

import io.requiredsince.RequiredSince;
import java.util.UUID;

public class VolatileKeepDefault {

    @RequiredSince(
            version = "2",
            backfill = "gen_random_uuid()",
            keepDefault = true)
    UUID publicId;
}
