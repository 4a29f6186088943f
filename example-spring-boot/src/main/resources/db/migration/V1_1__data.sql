insert into owners (id, name) values (1, 'George'), (2, 'Betty'), (3, 'Eduardo');
insert into pets (id, owner_id, name) values (1, 1, 'Leo'), (2, 2, 'Basil'), (3, 3, 'Rosy');
