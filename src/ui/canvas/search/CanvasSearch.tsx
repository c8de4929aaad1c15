// The canvas toolbar: Find (Ctrl+K or /: type a name, matches light up on the canvas, Enter selects
// one and centres it) and Filter (namespace and label selector, as kubectl -n and -l: pods outside
// are dimmed; a chip shows the active filter and clears it). search-model.ts does the matching.
// Rendered inside the ReactFlowProvider so it can move the viewport.

import { useReactFlow } from '@xyflow/react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { usePolishT } from '../../app/polish-messages';
import { useClusterStore } from '../../stores/cluster-store';
import { uiStore } from '../../stores/ui-store';
import { refOfViewId } from '../selectors';
import { compileFilter, filterChipText, isFilterActive, namespacesOf, searchCanvas, type SearchHit } from '../search-model';
import { clearFilter, closeSearch, openSearch, searchItemsOf, searchStore, setFilter, setFilterOpen, setQuery, useSearchStore } from '../search-store';

/** after the inspector opened and the canvas re-fitted to its new width (AutoFit: a frame + 200 ms) */
const CENTER_DELAY_MS = 320;

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function useFocusObject(): (id: string) => void {
  const rf = useReactFlow();
  return (id) => {
    const ref = refOfViewId(id);
    if (ref) uiStore.getState().select(ref);
    closeSearch();
    setTimeout(() => {
      const node = rf.getInternalNode(id);
      if (!node) return;
      const { x, y } = node.internals.positionAbsolute;
      const w = node.measured.width ?? node.width ?? 0;
      const h = node.measured.height ?? node.height ?? 0;
      void rf.setCenter(x + w / 2, y + h / 2, { zoom: Math.max(rf.getZoom(), 1), duration: prefersReducedMotion() ? 0 : 250 });
    }, CENTER_DELAY_MS);
  };
}

function SearchPanel() {
  const t = usePolishT();
  const query = useSearchStore((s) => s.query);
  const objects = useClusterStore((s) => s.objects);
  const hits = useMemo<SearchHit[]>(() => searchCanvas(searchItemsOf({ objects }), query), [objects, query]);
  const [active, setActive] = useState(0);
  const focusObject = useFocusObject();
  const inputRef = useRef<HTMLInputElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!boxRef.current?.contains(e.target as Node) && !(e.target as Element).closest?.('[data-testid="canvas-search-button"]')) closeSearch();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, []);
  const current = Math.min(active, Math.max(0, hits.length - 1));
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (hits.length) setActive((current + (e.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (hits[current]) focusObject(hits[current].item.id);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeSearch();
    }
  };
  return (
    <div className="canvas-search" ref={boxRef} data-testid="canvas-search">
      <input
        ref={inputRef}
        className="canvas-search-input mono"
        data-testid="canvas-search-input"
        type="search"
        role="combobox"
        aria-label={t('search.label')}
        aria-expanded={hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={hits[current] ? `${listId}-${current}` : undefined}
        placeholder={t('search.placeholder')}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      {query.trim() !== '' && (
        <ul className="canvas-search-hits" id={listId} role="listbox" aria-label={t('search.label')}>
          {hits.map((h, i) => (
            <li
              key={h.item.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              className={`canvas-search-hit ${i === current ? 'is-active' : ''}`}
              data-testid={`search-hit-${h.item.kind}-${h.item.name}`}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => focusObject(h.item.id)}
            >
              <span className={`hit-kind hit-${h.item.kind.toLowerCase()}`}>{h.item.kind}</span>
              <span className="hit-name mono">{h.item.name}</span>
              {h.item.namespace && <span className="hit-ns mono">{h.item.namespace}</span>}
            </li>
          ))}
          {hits.length === 0 && <li className="canvas-search-none">{t('search.none', { query: query.trim() })}</li>}
        </ul>
      )}
      <div className="canvas-search-hint">{t('search.hint')}</div>
    </div>
  );
}

function FilterPanel() {
  const t = usePolishT();
  const filter = useSearchStore((s) => s.filter);
  const objects = useClusterStore((s) => s.objects);
  const namespaces = useMemo(() => namespacesOf(searchItemsOf({ objects })), [objects]);
  const [ns, setNs] = useState<string | null>(filter.namespace);
  const [selector, setSelector] = useState(filter.selector);
  const compiled = compileFilter({ namespace: ns, selector });
  const boxRef = useRef<HTMLFormElement>(null);
  const selectorRef = useRef<HTMLInputElement>(null);
  useEffect(() => selectorRef.current?.focus(), []);
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!boxRef.current?.contains(e.target as Node) && !(e.target as Element).closest?.('[data-testid="canvas-filter-button"]')) setFilterOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setFilterOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, []);
  const errorId = useId();
  return (
    <form
      className="canvas-filter"
      ref={boxRef}
      data-testid="canvas-filter"
      aria-label={t('filter.open')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!compiled.ok) return;
        setFilter({ namespace: ns, selector: selector.trim() });
        setFilterOpen(false);
      }}
    >
      <label>
        <span>{t('filter.namespace')}</span>
        <select data-testid="canvas-filter-namespace" className="mono" value={ns ?? ''} onChange={(e) => setNs(e.currentTarget.value === '' ? null : e.currentTarget.value)}>
          <option value="">{t('filter.allNamespaces')}</option>
          {[...new Set([...namespaces, ...(filter.namespace ? [filter.namespace] : [])])].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('filter.selector')}</span>
        <input
          ref={selectorRef}
          className="mono"
          data-testid="canvas-filter-selector"
          value={selector}
          placeholder={t('filter.selectorPlaceholder')}
          aria-invalid={!compiled.ok}
          aria-describedby={errorId}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setSelector(e.currentTarget.value)}
        />
      </label>
      <p id={errorId} className={compiled.ok ? 'canvas-filter-help' : 'canvas-filter-error'} role={compiled.ok ? undefined : 'alert'} data-testid="canvas-filter-message">
        {compiled.ok ? t('filter.help') : t('filter.error', { error: compiled.error })}
      </p>
      <div className="canvas-filter-actions">
        <button
          type="button"
          className="btn"
          onClick={() => {
            clearFilter();
            setFilterOpen(false);
          }}
        >
          {t('filter.clear')}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="canvas-filter-apply" disabled={!compiled.ok}>
          {t('filter.apply')}
        </button>
      </div>
    </form>
  );
}

export function CanvasSearch() {
  const t = usePolishT();
  const searchOpen = useSearchStore((s) => s.searchOpen);
  const filterOpen = useSearchStore((s) => s.filterOpen);
  const filter = useSearchStore((s) => s.filter);
  const active = isFilterActive(filter);
  return (
    <div className="canvas-tools" role="toolbar" aria-label={t('search.label')}>
      {active && (
        <span className="filter-chip" data-testid="filter-chip" title={t('filter.chipTitle')}>
          <button type="button" className="filter-chip-text mono" onClick={() => setFilterOpen(true)}>
            {filterChipText(filter)}
          </button>
          <button type="button" className="filter-chip-clear" data-testid="filter-chip-clear" aria-label={t('filter.clear')} title={t('filter.clear')} onClick={clearFilter}>
            ×
          </button>
        </span>
      )}
      <button type="button" className={`btn canvas-tool ${filterOpen || active ? 'is-on' : ''}`} data-testid="canvas-filter-button" aria-expanded={filterOpen} title={t('filter.openTitle')} onClick={() => setFilterOpen(!searchStore.getState().filterOpen)}>
        <FunnelGlyph /> {t('filter.open')}
      </button>
      <button type="button" className="btn canvas-tool" data-testid="canvas-search-button" aria-expanded={searchOpen} title={t('search.openTitle')} onClick={() => (searchOpen ? closeSearch() : openSearch())}>
        <LensGlyph /> {t('search.open')} <kbd className="tool-kbd">/</kbd>
      </button>
      {searchOpen && <SearchPanel />}
      {filterOpen && <FilterPanel />}
    </div>
  );
}

function LensGlyph() {
  return (
    <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.8">
      <circle cx="7" cy="7" r="4.6" />
      <path d="M10.4 10.4 14 14" strokeLinecap="round" />
    </svg>
  );
}

function FunnelGlyph() {
  return (
    <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round">
      <path d="M2 3h12l-4.6 5.4V13l-2.8 1.2V8.4Z" />
    </svg>
  );
}
