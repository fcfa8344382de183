import { compareIds } from "../../../_lib/links";
import { CompareInstances } from "../../../_components/sagas/CompareInstances";

export const metadata = { title: "Compare instances · SagaScope" };

type Query = Record<string, string | string[] | undefined>;

/** /sagas/:name/compare?a=<id>&b=<id>: the ids are read here, from the URL the page was opened with. */
export default async function CompareInstancesPage({ params, searchParams }: { params: Promise<{ name: string }>; searchParams: Promise<Query> }) {
  const [{ name }, query] = await Promise.all([params, searchParams]);
  const { a, b } = compareIds({ get: (key) => (typeof query[key] === "string" ? query[key] : null) });
  return <CompareInstances name={decodeURIComponent(name)} a={a} b={b} />;
}
