package io.requiredsince.example.boot;

import io.requiredsince.RequiredSince;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A pet. Release 2 adds its kind, required; the pets already there get 'unknown'. */
@Entity
@Table(name = "pets")
public class Pet {
    @Id
    private Long id;

    @Column(name = "owner_id", nullable = false)
    private Long ownerId;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 40)
    @RequiredSince(version = "2", backfill = "'unknown'")
    private String kind;

    protected Pet() {
    }

    public String getName() {
        return name;
    }

    public String getKind() {
        return kind;
    }
}
