insert into owners (id, name) values (1, 'Ada'), (2, 'Grace'), (3, 'Edsger');
