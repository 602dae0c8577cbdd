"use client";

import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from "react";

/** Below Tailwind's `lg` the meeting page is one column, and its sections become tabs. */
const NARROW = "(max-width: 63.999rem)";

type Tab = { id: string; label: string };
const Active = createContext<{ narrow: boolean; active: string }>({ narrow: false, active: "" });

function subscribe(onChange: () => void) {
  const query = window.matchMedia(NARROW);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

export const panelId = (id: string) => `panel-${id}`;
const tabId = (id: string) => `tab-${id}`;

/**
 * The meeting page's sections. On a wide screen they are all shown side by side; on a phone,
 * once the page's script runs, they are tabs (tablist, tabs, tabpanels; arrow keys, Home and End
 * move between tabs). Without the script, or before it runs, a phone shows every section one
 * after another with a row of links to jump to each.
 */
export function MeetingTabs({ tabs, className, children }: { tabs: Tab[]; className?: string; children: ReactNode }) {
  // The server renders the wide layout (no tabs); the browser knows its width.
  const narrow = useSyncExternalStore(
    subscribe,
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
  const [active, setActive] = useState(tabs[0]?.id ?? "");
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  // A link to a section (#panel-notes) opens its tab.
  useEffect(() => {
    const fromHash = () => {
      const hit = tabs.find((t) => `#${panelId(t.id)}` === window.location.hash);
      if (hit) setActive(hit.id);
    };
    fromHash();
    window.addEventListener("hashchange", fromHash);
    return () => window.removeEventListener("hashchange", fromHash);
  }, [tabs]);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = tabs.length - 1;
    const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setActive(tabs[next].id);
    buttons.current[tabs[next].id]?.focus();
  };

  return (
    <Active.Provider value={{ narrow, active }}>
      {narrow ? (
        <div
          role="tablist"
          aria-label="Meeting sections"
          className="sticky top-0 z-10 -mx-4 mb-4 flex gap-1 overflow-x-auto border-b border-stone-200 bg-stone-50 px-4 pt-2 lg:hidden"
        >
          {tabs.map((t, i) => (
            <button
              key={t.id}
              ref={(el) => {
                buttons.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={tabId(t.id)}
              aria-controls={panelId(t.id)}
              aria-selected={active === t.id}
              tabIndex={active === t.id ? 0 : -1}
              onClick={() => setActive(t.id)}
              onKeyDown={(e) => onKeyDown(e, i)}
              className={`shrink-0 rounded-t border-b-2 px-3 py-2 text-sm font-medium ${
                active === t.id ? "border-teal-700 text-teal-900" : "border-transparent text-stone-700 hover:text-stone-900"
              }`}
            >
              {t.label}
            </button>
          ))}
        </div>
      ) : (
        <nav aria-label="Meeting sections" className="mb-4 lg:hidden">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {tabs.map((t) => (
              <li key={t.id}>
                <a href={`#${panelId(t.id)}`} className="text-teal-800 underline">
                  {t.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className={className}>{children}</div>
    </Active.Provider>
  );
}

/** One section of the meeting page: a tab panel on a phone, a plain section on a wide screen. */
export function MeetingPanel({ id, label, className, children }: { id: string; label: string; className?: string; children: ReactNode }) {
  const { narrow, active } = useContext(Active);
  if (!narrow) {
    return (
      <section id={panelId(id)} aria-label={label} className={`scroll-mt-4 ${className ?? ""}`}>
        {children}
      </section>
    );
  }
  return (
    <section id={panelId(id)} role="tabpanel" aria-labelledby={tabId(id)} hidden={active !== id} tabIndex={0} className={className}>
      {children}
    </section>
  );
}
