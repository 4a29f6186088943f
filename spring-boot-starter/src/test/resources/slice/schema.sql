create table owners (id bigint primary key, name varchar(100) not null);
