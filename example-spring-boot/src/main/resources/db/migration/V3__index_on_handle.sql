create index owners_handle on owners (handle);
