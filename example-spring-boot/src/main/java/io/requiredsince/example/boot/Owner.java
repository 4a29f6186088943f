package io.requiredsince.example.boot;

import io.requiredsince.RequiredSince;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A pet owner. Release 2 adds the handle, required, computed from the name for the owners already there. */
@Entity
@Table(name = "owners")
public class Owner {
    @Id
    private Long id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 100)
    @RequiredSince(version = "2", backfill = "lower(name)")
    private String handle;

    protected Owner() {
    }

    public Owner(Long id, String name, String handle) {
        this.id = id;
        this.name = name;
        this.handle = handle;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getHandle() {
        return handle;
    }
}
