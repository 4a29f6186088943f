create table clash (id integer primary key);
