// What a saga the deployment brings with it adds to the generic observer. main.ts registers the
// extensions; the observer knows none of them by name. An extension brings definition files
// (read and validated like SAGA_DEFINITIONS' ones, listed first, shown with builtIn: true), and,
// once the observer runs, hooks on its sagas' records as they are first stored, and routes.
import type { DefinitionIssue, SagaDefinition } from "../../../contracts/sagas";
import type { Route } from "../../kit/http/server";
import type { Logger } from "../../kit/log";
import type { MetricsRegistry } from "../../kit/metrics";
import type { ObservedRecord } from "../domain/record";

/** A definition file an extension brings. */
export type BundledDefinition = {
  file: string;
  /** Problems beyond the schema's (the file is the extension's, so it may hold it to more). */
  issues?(d: SagaDefinition): DefinitionIssue[];
  /** The definition as watched in this deployment (e.g. its topics under the deployment's prefix). */
  prepare?(d: SagaDefinition, topicPrefix: string): SagaDefinition;
};

export type ExtensionContext = { metrics: MetricsRegistry; topicPrefix: string; log: Logger };

export type ExtensionHooks = {
  /** Per saga name: its records stored for the first time, once their transaction committed. */
  onStored?: Readonly<Record<string, (records: readonly ObservedRecord[]) => void>>;
  routes?: readonly Route[];
};

export type ObserverExtension = {
  definitions: readonly BundledDefinition[];
  start?(ctx: ExtensionContext): ExtensionHooks;
};

/** The process's settings (environment) an extension reads its own switches from. */
export type ExtensionSettings = Readonly<Record<string, unknown>>;

/** Builds an extension from the settings; null: the settings turn it off. */
export type ExtensionFactory = (settings: ExtensionSettings) => ObserverExtension | null;
