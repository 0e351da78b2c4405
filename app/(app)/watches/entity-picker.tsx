"use client";

import { useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
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

/** Keys cmdk's root acts on while the list is open; any other key (Home, End, Ctrl+N…) stays with the text field. */
const LIST_KEYS = new Set(["ArrowDown", "ArrowUp", "Enter"]);

/**
 * Chips plus an autocomplete (ARIA combobox) over the provider's attractions or venues. cmdk owns the list:
 * the active option, arrow keys (wrapping), Enter and pointer picks. The text field is ours so the form's
 * <label for> and hint reach it (cmdk's own input replaces the id and the accessible name).
 */
export function EntityPicker({ id, kind, value, onChange, placeholder, invalid, "aria-describedby": describedBy }: { id: string; kind: "attractions" | "venues"; value: Ref[]; onChange: (next: Ref[]) => void; placeholder: string; invalid?: boolean; "aria-describedby"?: string }) {
  const trpc = useTRPC();
  const inputRef = useRef<HTMLInputElement>(null);
  const observerRef = useRef<MutationObserver | null>(null);
  const [text, setText] = useState("");
  const [active, setActive] = useState("");
  const keyword = useDebounced(text.trim(), 250);
  const search = useQuery({
    ...(kind === "attractions" ? trpc.catalog.attractions.queryOptions({ keyword }) : trpc.catalog.venues.queryOptions({ keyword })),
    enabled: keyword.length >= 2,
  });
  const options = (search.data ?? []).filter((hit) => !value.some((chosen) => chosen.id === hit.id)).slice(0, 8);
  const isOpen = keyword.length >= 2 && text.length >= 2;
  // The first option is active until the fan moves, and again whenever the active one leaves the list.
  const activeId = options.some((hit) => hit.id === active) ? active : (options[0]?.id ?? "");

  // cmdk names its list and options itself and marks the active option only after its own store settles,
  // so the combobox follows the list's DOM: aria-controls on mount, aria-activedescendant on every change.
  const listRef = useCallback((list: HTMLDivElement | null) => {
    observerRef.current?.disconnect();
    observerRef.current = null;
    const input = inputRef.current;
    if (!input) return;
    if (!list) {
      input.removeAttribute("aria-controls");
      input.removeAttribute("aria-activedescendant");
      return;
    }
    input.setAttribute("aria-controls", list.id);
    const pointAtActive = () => {
      const option = list.querySelector('[role="option"][aria-selected="true"]');
      if (option?.id) input.setAttribute("aria-activedescendant", option.id);
      else input.removeAttribute("aria-activedescendant");
    };
    pointAtActive();
    observerRef.current = new MutationObserver(pointAtActive);
    observerRef.current.observe(list, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-selected"] });
  }, []);

  function choose(hit: Ref) {
    onChange([...value, { id: hit.id, name: hit.name }]);
    setText("");
    setActive("");
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
      <Command shouldFilter={false} loop value={activeId} onValueChange={setActive} className="relative">
        <Input
          ref={inputRef}
          id={id}
          role="combobox"
          aria-expanded={isOpen}
          aria-autocomplete="list"
          aria-invalid={invalid}
          aria-describedby={describedBy}
          autoComplete="off"
          placeholder={placeholder}
          value={text}
          onChange={(event) => { setText(event.target.value); setActive(""); }}
          onKeyDown={(event) => {
            if (event.key === "Escape") setText("");
            if (!isOpen || !options.length || !LIST_KEYS.has(event.key)) event.stopPropagation();
          }}
        />
        {isOpen ? (
          <Command.List
            ref={listRef}
            label={kind === "attractions" ? "Teams or artists found" : "Venues found"}
            className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
            // Keeps focus (and the phone's keyboard) in the text field when an option is tapped or clicked.
            onMouseDown={(event) => event.preventDefault()}
          >
            {search.isPending ? <Command.Loading label="Searching" className="px-3 py-2 text-sm text-slate-500">Searching…</Command.Loading> : null}
            {search.isError ? <div className="px-3 py-2 text-sm text-red-600">Search failed: {search.error.message}</div> : null}
            {search.isSuccess ? <Command.Empty className="px-3 py-2 text-sm text-slate-500">No match for “{keyword}”.</Command.Empty> : null}
            {options.map((hit) => (
              <Command.Item key={hit.id} value={hit.id} onSelect={() => choose(hit)} className="cursor-pointer px-3 py-2 text-sm data-[selected=true]:bg-brand-50 dark:data-[selected=true]:bg-slate-800">
                <span className="font-medium">{hit.name}</span>
                {hit.detail ? <span className="ml-2 text-xs text-slate-500">{hit.detail}</span> : null}
              </Command.Item>
            ))}
          </Command.List>
        ) : null}
      </Command>
    </div>
  );
}
