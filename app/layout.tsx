import type { Metadata } from "next";
import type { ReactNode } from "react";
import "@xyflow/react/dist/style.css";
import "./globals.css";
import { Header } from "./_components/Header";
import { Providers } from "./_components/data/LiveProvider";

export const metadata: Metadata = {
  title: "SagaScope",
  description: "Place orders and watch each one travel through the saga, compensations included.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <Header />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
