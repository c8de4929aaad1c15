import { describe, expect, it } from 'vitest';
import { canvasMarks, compileFilter, filterChipText, isFilterActive, marksSignature, namespacesOf, NO_FILTER, parseMarksSignature, searchCanvas, type SearchItem } from './search-model';

const pod = (ns: string, name: string, labels: Record<string, string> = {}): SearchItem => ({ id: `Pod:${ns}/${name}`, kind: 'Pod', namespace: ns, name, labels });
const ITEMS: SearchItem[] = [
  pod('default', 'web-7d9-abcde', { app: 'web', tier: 'frontend' }),
  pod('default', 'web-7d9-fghij', { app: 'web', tier: 'frontend' }),
  pod('default', 'db-0', { app: 'db', tier: 'backend' }),
  pod('shop', 'web', { app: 'shop' }),
  pod('kube-system', 'coredns-1', { 'k8s-app': 'kube-dns' }),
  { id: 'Service:default/web', kind: 'Service', namespace: 'default', name: 'web' },
  { id: 'Service:shop/cart', kind: 'Service', namespace: 'shop', name: 'cart' },
  { id: 'Node:node-1', kind: 'Node', name: 'node-1' },
  { id: 'Node:web-node', kind: 'Node', name: 'web-node' },
];

describe('searchCanvas', () => {
  it('ranks exact names, then prefixes, then substrings; pods before Services before Nodes', () => {
    const ids = searchCanvas(ITEMS, 'web').map((h) => h.item.id);
    expect(ids).toEqual(['Pod:shop/web', 'Service:default/web', 'Pod:default/web-7d9-abcde', 'Pod:default/web-7d9-fghij', 'Node:web-node']);
  });

  it('is case-insensitive, trims the query and finds a namespace/name', () => {
    expect(searchCanvas(ITEMS, '  DB-0 ').map((h) => h.item.id)).toEqual(['Pod:default/db-0']);
    expect(searchCanvas(ITEMS, 'kube-system/').map((h) => h.item.id)).toEqual(['Pod:kube-system/coredns-1']);
  });

  it('finds nothing for an empty query or an unknown name, and honours the limit', () => {
    expect(searchCanvas(ITEMS, '')).toEqual([]);
    expect(searchCanvas(ITEMS, 'zzz')).toEqual([]);
    expect(searchCanvas(ITEMS, 'e', 3)).toHaveLength(3);
  });
});

describe('compileFilter', () => {
  const matching = (ns: string | null, selector: string) => {
    const f = compileFilter({ namespace: ns, selector });
    if (!f.ok) throw new Error(f.error);
    return ITEMS.filter(f.matches).map((i) => i.id);
  };

  it('keeps the namespace’s pods and Services, and every Node', () => {
    expect(matching('shop', '')).toEqual(['Pod:shop/web', 'Service:shop/cart', 'Node:node-1', 'Node:web-node']);
  });

  it('reads kubectl -l syntax: equality, inequality, set-based, existence', () => {
    const pods = (sel: string) => matching(null, sel).filter((id) => id.startsWith('Pod:'));
    expect(pods('app=web')).toEqual(['Pod:default/web-7d9-abcde', 'Pod:default/web-7d9-fghij']);
    expect(pods('app==web,tier=frontend')).toHaveLength(2);
    expect(pods('tier!=frontend')).toEqual(['Pod:default/db-0', 'Pod:shop/web', 'Pod:kube-system/coredns-1']);
    expect(pods('app in (db,shop)')).toEqual(['Pod:default/db-0', 'Pod:shop/web']);
    expect(pods('app notin (web)')).toEqual(['Pod:default/db-0', 'Pod:shop/web', 'Pod:kube-system/coredns-1']);
    expect(pods('k8s-app')).toEqual(['Pod:kube-system/coredns-1']);
    expect(pods('!tier')).toEqual(['Pod:shop/web', 'Pod:kube-system/coredns-1']);
  });

  it('combines namespace and selector; a selector never hides Services or Nodes', () => {
    expect(matching('default', 'app=db')).toEqual(['Pod:default/db-0', 'Service:default/web', 'Node:node-1', 'Node:web-node']);
  });

  it('returns kubectl’s parse error for a bad selector', () => {
    const f = compileFilter({ namespace: null, selector: 'app in (web' });
    expect(f.ok).toBe(false);
    expect(!f.ok && f.error).toMatch(/^unable to parse requirement: /);
  });
});

describe('canvasMarks', () => {
  it('dims what the filter excludes and marks highlighted hits', () => {
    const marks = canvasMarks(ITEMS, { namespace: 'default', selector: 'app=web' }, new Set(['Node:node-1']));
    expect(Object.fromEntries(marks)).toEqual({
      'Pod:default/db-0': 'dimmed',
      'Pod:shop/web': 'dimmed',
      'Pod:kube-system/coredns-1': 'dimmed',
      'Service:shop/cart': 'dimmed',
      'Node:node-1': 'match',
    });
  });

  it('dims nothing without a filter or with an invalid selector', () => {
    expect(canvasMarks(ITEMS, NO_FILTER).size).toBe(0);
    expect(canvasMarks(ITEMS, { namespace: null, selector: 'app in (' }).size).toBe(0);
  });

  it('round-trips through its signature', () => {
    const marks = canvasMarks(ITEMS, { namespace: 'shop', selector: '' }, new Set(['Pod:shop/web']));
    const back = parseMarksSignature(marksSignature(marks));
    expect(Object.fromEntries(back)).toEqual(Object.fromEntries(marks));
    expect(parseMarksSignature('').size).toBe(0);
  });
});

describe('filter chip and namespaces', () => {
  it('says the filter as kubectl flags', () => {
    expect(filterChipText({ namespace: 'shop', selector: ' app=web ' })).toBe('-n shop -l app=web');
    expect(filterChipText({ namespace: null, selector: 'tier' })).toBe('-l tier');
    expect(isFilterActive(NO_FILTER)).toBe(false);
    expect(isFilterActive({ namespace: null, selector: '  ' })).toBe(false);
    expect(isFilterActive({ namespace: 'default', selector: '' })).toBe(true);
  });

  it('lists the namespaces of what is drawn', () => {
    expect(namespacesOf(ITEMS)).toEqual(['default', 'kube-system', 'shop']);
  });
});
