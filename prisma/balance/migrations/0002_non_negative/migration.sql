-- A balance can never go negative, whatever the code does (Prisma's schema language has no CHECK).
ALTER TABLE "users" ADD CONSTRAINT "users_balance_non_negative" CHECK ("balance" >= 0);
ALTER TABLE "payments" ADD CONSTRAINT "payments_amount_non_negative" CHECK ("amount" >= 0);
