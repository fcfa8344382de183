"use client";
// The header: product name, the pages, the search box, and whether the live feed is connected.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useConnection } from "./data/LiveProvider";
import { SearchBox } from "./search/SearchBox";

const LINKS = [
  { href: "/", label: "Order" },
  { href: "/saga", label: "Saga map" },
  { href: "/sagas", label: "Sagas" },
  { href: "/orders", label: "Orders" },
  { href: "/dlq", label: "Dead letters" },
  // Rendered per request (it reads the measured figures): not prefetched, so leaving a page never aborts a prefetch.
  { href: "/modes", label: "Modes", prefetch: false },
];

export function Header() {
  const path = usePathname();
  const { connected, kafka } = useConnection();
  const live = connected && kafka.kafka === "up";
  const text = !connected
    ? "Live feed: disconnected"
    : kafka.kafka === "up"
      ? "Live feed: connected"
      : `Live feed: Kafka ${kafka.kafka}`;
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        SagaScope
      </Link>
      <nav aria-label="Main">
        {LINKS.map((l) => {
          const active = l.href === "/" ? path === "/" : path === l.href || path.startsWith(`${l.href}/`);
          return (
            <Link
              key={l.href}
              href={l.href}
              prefetch={l.prefetch}
              aria-current={active ? "page" : undefined}
              className={active ? "active" : undefined}
            >
              {l.label}
            </Link>
          );
        })}
      </nav>
      <SearchBox />
      <span role="status" className={`conn ${live ? "conn-up" : "conn-down"}`} title={kafka.detail}>
        {text}
      </span>
    </header>
  );
}
