create table owners (id integer primary key, name varchar(100) not null);
create table pets (id integer primary key, owner_id integer not null, name varchar(100) not null);
