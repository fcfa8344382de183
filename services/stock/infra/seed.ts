// Seed catalogue, created on first start (existing rows are left alone).
import type { PrismaClient } from "./generated/client";

export const SEED_PRODUCTS = [
  { id: "p-keyboard", name: "Mechanical keyboard", price: 120, stock: 50 },
  { id: "p-mouse", name: "Wireless mouse", price: 40, stock: 100 },
  { id: "p-monitor", name: "4K monitor", price: 450, stock: 20 },
  { id: "p-cable", name: "USB-C cable", price: 10, stock: 1000 },
  { id: "p-gpu", name: "Graphics card (limited)", price: 900, stock: 3 },
] as const;

export async function seedProducts(
  prisma: PrismaClient,
  products: readonly { id: string; name: string; price: number; stock: number }[] = SEED_PRODUCTS,
): Promise<void> {
  await prisma.product.createMany({
    data: products.map((p) => ({ id: p.id, name: p.name, price: p.price, stock: p.stock, initialStock: p.stock })),
    skipDuplicates: true,
  });
}
