-- docker-compose: one database per service on the shared PostgreSQL container.
CREATE DATABASE saga_order;
CREATE DATABASE saga_stock;
CREATE DATABASE saga_balance;
CREATE DATABASE saga_notification;
