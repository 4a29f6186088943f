insert into owners (id, name) values (1, 'Ada'), (2, 'Grace'), (3, 'Edsger');
insert into pets (id, owner_id, name) values (1, 1, 'Rex'), (2, 2, 'Tom');
