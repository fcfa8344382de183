"use client";
// Shown when the operator API refuses this browser (401/403): why, and a field for the bearer
// token, kept in this tab's sessionStorage only.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { setAdminToken } from "../data/adminApi";
import { errorText } from "./useOperations";

export function LockNotice({ error }: { error: unknown }) {
  const client = useQueryClient();
  const [token, setToken] = useState("");
  return (
    <div className="notice stack" role="alert" style={{ gap: 8 }}>
      <strong>The operator API is locked</strong>
      <span className="small">
        {errorText(error)}. Outside the local embedded mode it needs the bearer token set as ADMIN_TOKEN on the server.
      </span>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setAdminToken(token.trim() || null);
          void client.invalidateQueries({ queryKey: ["admin"] });
        }}
      >
        <label className="field">
          <span className="small">Operator token</span>
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit">Unlock</button>
      </form>
    </div>
  );
}
