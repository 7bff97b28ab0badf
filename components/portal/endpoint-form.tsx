"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { LIMITS } from "@/lib/limits";
import { SlackIcon, WebhookIcon } from "./icons";
import { portalFetch } from "./portal-fetch";
import { useToast } from "./toast";
import { buttonClass, cx } from "./ui";
import { destinationError } from "./url-rules";

type EndpointType = "webhook" | "slack";

interface CatalogItem {
  id: string;
  name: string;
  description: string | null;
}

type FieldErrors = Partial<Record<"url" | "description" | "eventTypeIds" | "maxInFlight" | "throttleRate" | "form", string>>;

const FIELD_OF: Record<string, keyof FieldErrors> = {
  url: "url", "config.webhookUrl": "url", "body.url": "url", description: "description", eventTypeIds: "eventTypeIds", maxInFlight: "maxInFlight", throttleRate: "throttleRate",
};

/** "" = not set (null); otherwise an integer in range, or an error message. */
function limitValue(text: string, max: number): { value: number | null; error: string | null } {
  const trimmed = text.trim();
  if (trimmed === "") return { value: null, error: null };
  if (!/^\d+$/.test(trimmed)) return { value: null, error: "Enter a whole number, or leave it empty." };
  const value = Number(trimmed);
  if (value < 1 || value > max) return { value: null, error: `Enter a number from 1 to ${max}.` };
  return { value, error: null };
}

/** Create and edit an endpoint. The server validates again; its field errors land next to the fields. */
export function EndpointForm(props: {
  mode: "create" | "edit";
  slackHosts: string[];
  catalog?: CatalogItem[];
  /**
   * For Slack endpoints `url` is empty and `maskedUrl` names the current webhook: its URL is a
   * credential that is never sent to the browser, so an empty field keeps it.
   */
  endpoint?: { id: string; type: EndpointType; url: string; maskedUrl?: string; description: string | null; maxInFlight?: number | null; throttleRate?: number | null };
  /** The platform's in-flight cap, shown when the endpoint has none of its own. */
  defaultMaxInFlight?: number;
}) {
  const router = useRouter();
  const toast = useToast();
  const [type, setType] = useState<EndpointType>(props.endpoint?.type ?? "webhook");
  const [url, setUrl] = useState(props.endpoint?.url ?? "");
  const [description, setDescription] = useState(props.endpoint?.description ?? "");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [maxInFlight, setMaxInFlight] = useState(props.endpoint?.maxInFlight ? String(props.endpoint.maxInFlight) : "");
  const [throttleRate, setThrottleRate] = useState(props.endpoint?.throttleRate ? String(props.endpoint.throttleRate) : "");
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const keepsUrl = props.mode === "edit" && props.endpoint?.maskedUrl !== undefined && url.trim() === "";
  const liveUrlError = touched && !keepsUrl ? destinationError(type, url, props.slackHosts) : null;
  const urlError = liveUrlError ?? serverErrors.url ?? null;
  const descriptionError = description.length > LIMITS.descriptionLength ? `Keep the description under ${LIMITS.descriptionLength} characters.` : (serverErrors.description ?? null);
  const cap = limitValue(maxInFlight, 100);
  const rate = limitValue(throttleRate, 10_000);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if ((!keepsUrl && destinationError(type, url, props.slackHosts)) || description.length > LIMITS.descriptionLength || cap.error || rate.error) return;
    setBusy(true);
    setServerErrors({});
    const payload =
      props.mode === "create"
        ? { type, url: url.trim(), description: description.trim() || null, eventTypeIds: [...selected] }
        : { ...(keepsUrl ? {} : { url: url.trim() }), description: description.trim() || null, maxInFlight: cap.value, throttleRate: rate.value };
    const result =
      props.mode === "create"
        ? await portalFetch<{ id: string }>("POST", "/portal/api/endpoints", payload)
        : await portalFetch<{ id: string }>("PATCH", `/portal/api/endpoints/${props.endpoint!.id}`, payload);
    setBusy(false);
    if (result.ok) {
      toast.success(props.mode === "create" ? "Endpoint created" : "Endpoint saved");
      router.push(`/portal/endpoints/${result.data.id}`);
      router.refresh();
      return;
    }
    const next: FieldErrors = {};
    for (const d of result.error.details ?? []) {
      const field = FIELD_OF[d.field];
      if (field) next[field] = sentence(d.message);
    }
    if (!next.url && !next.description && !next.eventTypeIds && !next.maxInFlight && !next.throttleRate) next.form = result.error.message;
    setServerErrors(next);
    toast.error(result.error.message);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6" aria-busy={busy}>
      {serverErrors.form && (
        <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
          {serverErrors.form}
        </div>
      )}

      {props.mode === "create" && (
        <TypePicker
          value={type}
          onChange={(value) => {
            setType(value);
            setServerErrors({});
          }}
        />
      )}

      <TextField
        label={type === "slack" ? "Slack incoming webhook URL" : "Endpoint URL"}
        help={
          props.endpoint?.maskedUrl !== undefined
            ? `Currently ${props.endpoint.maskedUrl}. Leave empty to keep it, or paste a new incoming webhook URL.`
            : type === "slack"
            ? "In Slack, add the Incoming Webhooks app to a channel and paste the URL it gives you."
            : "We'll send a POST request with a JSON body to this URL for every event you subscribe to. Use https:// so that events travel encrypted."
        }
        name="url"
        type="url"
        mono
        required={props.endpoint?.maskedUrl === undefined}
        value={url}
        error={urlError}
        placeholder={type === "slack" ? "https://hooks.slack.com/services/T000/B000/XXXX" : "https://api.example.com/webhooks"}
        onChange={(value) => {
          setUrl(value);
          setServerErrors((s) => ({ ...s, url: undefined }));
        }}
        onBlur={() => url && setTouched(true)}
      />

      <TextField
        label={<>Description <span className="font-normal text-slate-500">(optional)</span></>}
        name="description"
        type="text"
        value={description}
        error={descriptionError}
        placeholder="e.g. Production order sync"
        onChange={(value) => {
          setDescription(value);
          setServerErrors((s) => ({ ...s, description: undefined }));
        }}
      />

      {props.mode === "edit" && (
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-medium text-slate-900">Delivery limits</legend>
          <TextField
            label="Parallel deliveries"
            help={`At most this many requests to your server at once. Empty: ${props.defaultMaxInFlight ?? "the default"}.`}
            name="maxInFlight"
            type="text"
            numeric
            value={maxInFlight}
            error={cap.error ?? serverErrors.maxInFlight ?? null}
            placeholder={String(props.defaultMaxInFlight ?? "")}
            onChange={(value) => {
              setMaxInFlight(value);
              setServerErrors((s) => ({ ...s, maxInFlight: undefined }));
            }}
          />
          <TextField
            label="Rate limit (per second)"
            help="At most this many deliveries per second. Empty: no limit."
            name="throttleRate"
            type="text"
            numeric
            value={throttleRate}
            error={rate.error ?? serverErrors.throttleRate ?? null}
            placeholder="No limit"
            onChange={(value) => {
              setThrottleRate(value);
              setServerErrors((s) => ({ ...s, throttleRate: undefined }));
            }}
          />
        </fieldset>
      )}

      {props.mode === "create" && props.catalog && (
        <EventPicker catalog={props.catalog} selected={selected} onChange={setSelected} error={serverErrors.eventTypeIds} />
      )}

      <div className="flex flex-col-reverse gap-2 border-t border-slate-100 pt-5 sm:flex-row sm:justify-end">
        <Link href={props.endpoint ? `/portal/endpoints/${props.endpoint.id}` : "/portal"} className={buttonClass("secondary")}>
          Cancel
        </Link>
        <button type="submit" className={buttonClass("primary")} disabled={busy}>
          {busy ? "Saving…" : props.mode === "create" ? "Create endpoint" : "Save changes"}
        </button>
      </div>
    </form>
  );
}

const TYPE_OPTIONS = [
  { value: "webhook", title: "Webhook", text: "Signed HTTP POST requests to your server.", icon: <WebhookIcon className="size-5" /> },
  { value: "slack", title: "Slack", text: "Messages in a Slack channel via an incoming webhook.", icon: <SlackIcon className="size-5" /> },
] as const;

function TypePicker({ value, onChange }: { value: EndpointType; onChange: (value: EndpointType) => void }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-900">Type</legend>
      <div className="mt-2 grid gap-3 sm:grid-cols-2">
        {TYPE_OPTIONS.map((option) => (
          <label
            key={option.value}
            className={cx(
              "flex cursor-pointer gap-3 rounded-lg border p-3.5 transition-colors has-focus-visible:outline-2 has-focus-visible:outline-indigo-500",
              value === option.value ? "border-primary bg-primary-soft ring-1 ring-primary" : "border-slate-200 bg-white hover:border-slate-300",
            )}
          >
            <input type="radio" name="type" value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} className="sr-only" />
            <span className={cx("mt-0.5", value === option.value ? "text-primary-text" : "text-slate-400")}>{option.icon}</span>
            <span>
              <span className="block text-sm font-medium text-slate-900">{option.title}</span>
              <span className="block text-xs text-slate-500">{option.text}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A labelled input whose help text and error are wired to it for screen readers. */
function TextField(props: {
  label: ReactNode;
  help?: string;
  name: string;
  type: "url" | "text";
  value: string;
  error: string | null;
  placeholder: string;
  mono?: boolean;
  /** Whole numbers: a numeric keyboard on phones. */
  numeric?: boolean;
  required?: boolean;
  onChange: (value: string) => void;
  onBlur?: () => void;
}) {
  const id = useId();
  const helpId = useId();
  const errorId = useId();
  const describedBy = [props.help ? helpId : null, props.error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {props.label}
      </label>
      {props.help && (
        <p id={helpId} className="mt-0.5 text-xs text-slate-500">
          {props.help}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        type={props.type}
        inputMode={props.type === "url" ? "url" : props.numeric ? "numeric" : undefined}
        autoComplete={props.type === "url" ? "off" : undefined}
        spellCheck={props.type === "url" ? false : undefined}
        required={props.required}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onBlur={props.onBlur}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        className={cx(
          "mt-2 block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:outline-2 focus:-outline-offset-1",
          props.mono && "font-mono",
          props.error ? "border-rose-400 focus:outline-rose-500" : "border-slate-300 focus:outline-indigo-500",
        )}
      />
      {props.error && (
        <p id={errorId} className="mt-1.5 text-sm text-rose-600">
          {props.error}
        </p>
      )}
    </div>
  );
}

function EventPicker({ catalog, selected, onChange, error }: { catalog: CatalogItem[]; selected: Set<string>; onChange: (next: Set<string>) => void; error?: string }) {
  const helpId = useId();
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange(next);
  };
  return (
    <fieldset aria-describedby={helpId} className="min-w-0">
      <div className="flex items-end justify-between gap-3">
        <legend className="text-sm font-medium text-slate-900">Events to receive</legend>
        {catalog.length > 1 && (
          <button
            type="button"
            className="text-xs font-medium text-primary-text hover:underline"
            onClick={() => onChange(selected.size === catalog.length ? new Set() : new Set(catalog.map((c) => c.id)))}
          >
            {selected.size === catalog.length ? "Clear all" : "Select all"}
          </button>
        )}
      </div>
      <p id={helpId} className="mt-0.5 text-xs text-slate-500">You can change this any time on the endpoint's page.</p>
      {catalog.length === 0 ? (
        <p className="mt-2 rounded-lg border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-500">No event types are available yet.</p>
      ) : (
        <ul className="mt-2 max-h-80 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 bg-white">
          {catalog.map((item) => (
            <li key={item.id}>
              <label className="flex cursor-pointer items-start gap-3 px-3.5 py-2.5 hover:bg-slate-50">
                <input type="checkbox" checked={selected.has(item.id)} onChange={() => toggle(item.id)} className="mt-0.5 size-4 rounded border-slate-300 accent-primary" />
                <span className="min-w-0">
                  <span className="block font-mono text-sm break-all text-slate-900">{item.name}</span>
                  {item.description && <span className="block text-xs text-slate-500">{item.description}</span>}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {catalog.length > 0 && selected.size === 0 && !error && (
        <p className="mt-1.5 text-sm text-amber-700" data-testid="no-events-hint">No events selected: this endpoint will receive nothing until you pick at least one.</p>
      )}
      {error && <p className="mt-1.5 text-sm text-rose-600">{error}</p>}
    </fieldset>
  );
}

function sentence(message: string): string {
  const text = message.replace(/^[a-z.]+: /i, "");
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? "" : ".");
}
