"use client";
// /sagas/new: pick a saga's topics, let discovery propose a definition from their traffic, see
// its map and evidence, edit its YAML, save it, and land on /sagas/:name.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { DISCOVER_LIMITS, type DiscoverAnswer } from "../../../../contracts/sagas";
import { saveRefusal } from "../../../_lib/saveAnswer";
import { ApiError } from "../../data/api";
import { DefinitionEditor } from "./DefinitionEditor";
import { newSagaApi } from "./newSagaApi";
import { ProposalEvidence } from "./ProposalEvidence";
import { SaveDefinition } from "./SaveDefinition";
import { TopicPicker } from "./TopicPicker";

function SampleSettings({ seconds, onSeconds }: { seconds: number; onSeconds: (n: number) => void }) {
  return (
    <div className="field" style={{ maxWidth: 260 }}>
      <label htmlFor="discover-seconds">Wait for new records (seconds)</label>
      <input
        id="discover-seconds"
        type="number"
        min={0}
        max={DISCOVER_LIMITS.seconds}
        value={seconds}
        onChange={(e) => onSeconds(Math.min(DISCOVER_LIMITS.seconds, Math.max(0, Number(e.target.value) || 0)))}
      />
    </div>
  );
}

export function NewSaga() {
  const [topics, setTopics] = useState<string[]>([]);
  const [seconds, setSeconds] = useState(3);
  const [text, setText] = useState("");
  const propose = useMutation<DiscoverAnswer, Error, string[]>({
    mutationFn: (t) => newSagaApi.discover({ topics: t, maxRecords: 5000, seconds }),
    onSuccess: (answer) => setText(answer.yaml),
  });
  const failure = propose.error instanceof ApiError ? saveRefusal(propose.error.status, propose.error.body) : null;
  return (
    <div className="stack">
      <div>
        <h1>Add a saga</h1>
        <p className="lead">
          Choose the topics a saga runs on; SagaScope reads a sample of their records (writing nothing) and proposes a
          definition: how records belong to one instance, the steps, who publishes and reads each. Check it, edit it,
          save it. · <Link href="/sagas">All sagas</Link>
        </p>
      </div>
      <TopicPicker chosen={topics} onChange={setTopics} />
      <section className="panel stack" aria-label="Propose">
        <h2>2. Propose a definition</h2>
        <div className="row" style={{ alignItems: "flex-end" }}>
          <SampleSettings seconds={seconds} onSeconds={setSeconds} />
          <button
            type="button"
            className="primary"
            disabled={topics.length === 0 || propose.isPending}
            onClick={() => propose.mutate(topics)}
          >
            {propose.isPending ? "Reading the topics…" : "Propose"}
          </button>
        </div>
        {topics.length === 0 && <p className="small muted">Pick at least one topic above.</p>}
        {propose.error && (
          <div className="alert" role="alert">
            Discovery failed: {failure ? failure.message : propose.error.message}
            {failure?.fields.map((f) => (
              <div key={f.field}>
                <code>{f.field}</code>: {f.message}
              </div>
            ))}
          </div>
        )}
      </section>
      {propose.data && <ProposalEvidence evidence={propose.data.evidence} />}
      {propose.data && (
        <>
          <DefinitionEditor text={text} onChange={setText} discovered={propose.data.evidence.steps} />
          <SaveDefinition text={text} onChange={setText} />
        </>
      )}
    </div>
  );
}
