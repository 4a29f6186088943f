create table owners (id bigint primary key, name varchar(100) not null);
create table pets (id bigint primary key, owner_id bigint not null references owners (id), name varchar(100) not null);
