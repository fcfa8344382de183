-- docker-compose: one database per service and the observer on the shared PostgreSQL container.
CREATE DATABASE saga_order;
CREATE DATABASE saga_stock;
CREATE DATABASE saga_balance;
CREATE DATABASE saga_notification;
-- The saga observer's (services/observer).
CREATE DATABASE saga_observer;
