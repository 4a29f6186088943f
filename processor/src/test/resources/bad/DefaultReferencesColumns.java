package com.example.bad;

import io.requiredsince.RequiredSince;

public class DefaultReferencesColumns {

    String username;

    @RequiredSince(
            version = "2",
            backfill = "lower(username)",
            keepDefault = true)
    String login;
}
