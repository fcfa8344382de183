import { compareIds } from "../../../_lib/links";
import { runFromQuery } from "../../../_lib/sagaInstances";
import { CompareInstances } from "../../../_components/sagas/CompareInstances";

export const metadata = { title: "Compare instances · SagaScope" };

type Query = Record<string, string | string[] | undefined>;

/** /sagas/:name/compare?a=<id>&b=<id>[&ra=<run>&rb=<run>]: read here, from the URL the page was opened with. */
export default async function CompareInstancesPage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<Query>;
}) {
  const [{ name }, query] = await Promise.all([params, searchParams]);
  const get = (key: string) => (typeof query[key] === "string" ? query[key] : null);
  const { a, b } = compareIds({ get });
  return (
    <CompareInstances
      name={decodeURIComponent(name)}
      a={a}
      b={b}
      ra={runFromQuery(get("ra"))}
      rb={runFromQuery(get("rb"))}
    />
  );
}
