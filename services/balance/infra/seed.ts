// Seed users, created on first start (existing rows are left alone).
import type { PrismaClient } from "./generated/client";

export const SEED_USERS = [
  { id: "u-alice", name: "Alice (rich)", balance: 1_000_000 },
  { id: "u-bob", name: "Bob", balance: 5_000 },
  { id: "u-carol", name: "Carol (nearly broke)", balance: 15 },
  { id: "u-dave", name: "Dave", balance: 2_000 },
] as const;

export async function seedUsers(
  prisma: PrismaClient,
  users: readonly { id: string; name: string; balance: number }[] = SEED_USERS,
): Promise<void> {
  await prisma.user.createMany({
    data: users.map((u) => ({ id: u.id, name: u.name, balance: u.balance, initialBalance: u.balance })),
    skipDuplicates: true,
  });
}
