"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { Input } from "@/app/_components/ui";
import { useTRPC } from "@/app/_lib/trpc";

interface Ref {
  id: string;
  name: string;
}

function useDebounced<T>(value: T, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Chips plus an autocomplete (ARIA combobox) over the provider's attractions or venues. */
export function EntityPicker({ id, kind, value, onChange, placeholder, invalid, "aria-describedby": describedBy }: { id: string; kind: "attractions" | "venues"; value: Ref[]; onChange: (next: Ref[]) => void; placeholder: string; invalid?: boolean; "aria-describedby"?: string }) {
  const trpc = useTRPC();
  const listId = useId();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const keyword = useDebounced(text.trim(), 250);
  const search = useQuery({
    ...(kind === "attractions" ? trpc.catalog.attractions.queryOptions({ keyword }) : trpc.catalog.venues.queryOptions({ keyword })),
    enabled: keyword.length >= 2,
  });
  const options = (search.data ?? []).filter((hit) => !value.some((chosen) => chosen.id === hit.id)).slice(0, 8);
  const isOpen = keyword.length >= 2 && text.length >= 2;

  function choose(hit: Ref) {
    onChange([...value, { id: hit.id, name: hit.name }]);
    setText("");
    setActive(0);
  }

  return (
    <div className="space-y-2">
      {value.length ? (
        <ul className="flex flex-wrap gap-2" aria-label="Chosen">
          {value.map((chosen) => (
            <li key={chosen.id} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-1 pl-3 pr-1 text-sm text-brand-700 dark:bg-slate-800 dark:text-slate-100">
              {chosen.name}
              <button type="button" className="rounded-full p-1 hover:bg-brand-100 dark:hover:bg-slate-700" aria-label={`Remove ${chosen.name}`} onClick={() => onChange(value.filter((item) => item.id !== chosen.id))}>
                <X className="size-3" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="relative">
        <Input
          id={id}
          role="combobox"
          aria-expanded={isOpen}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={invalid}
          aria-describedby={describedBy}
          aria-activedescendant={isOpen && options[active] ? `${listId}-${active}` : undefined}
          autoComplete="off"
          placeholder={placeholder}
          value={text}
          onChange={(event) => { setText(event.target.value); setActive(0); }}
          onKeyDown={(event) => {
            if (!isOpen || !options.length) return;
            if (event.key === "ArrowDown") { event.preventDefault(); setActive((active + 1) % options.length); }
            if (event.key === "ArrowUp") { event.preventDefault(); setActive((active - 1 + options.length) % options.length); }
            if (event.key === "Enter") { event.preventDefault(); choose(options[active]!); }
            if (event.key === "Escape") setText("");
          }}
        />
        {isOpen ? (
          <ul id={listId} role="listbox" className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
            {search.isPending ? <li className="px-3 py-2 text-sm text-slate-500">Searching…</li> : null}
            {search.isError ? <li className="px-3 py-2 text-sm text-red-600">Search failed: {search.error.message}</li> : null}
            {search.isSuccess && options.length === 0 ? <li className="px-3 py-2 text-sm text-slate-500">No match for “{keyword}”.</li> : null}
            {options.map((hit, index) => (
              <li
                key={hit.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={`cursor-pointer px-3 py-2 text-sm ${index === active ? "bg-brand-50 dark:bg-slate-800" : ""}`}
                onMouseDown={(event) => { event.preventDefault(); choose(hit); }}
                onMouseEnter={() => setActive(index)}
              >
                <span className="font-medium">{hit.name}</span>
                {hit.detail ? <span className="ml-2 text-xs text-slate-500">{hit.detail}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
