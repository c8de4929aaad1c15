import { describe, expect, it } from 'vitest';
import { applyBatches, validateScenario } from '../persistence/scenario-codec';
import { GALLERY, galleryScenario, manifestsOf } from './gallery-scenarios';

describe('scenario gallery', () => {
  it('offers at least 8 scenarios with unique ids, texts in both languages and tags', () => {
    expect(GALLERY.length).toBeGreaterThanOrEqual(8);
    expect(new Set(GALLERY.map((e) => e.id)).size).toBe(GALLERY.length);
    for (const e of GALLERY) {
      for (const lang of ['en', 'zh'] as const) {
        expect(e.title[lang].trim(), `${e.id} title ${lang}`).not.toBe('');
        expect(e.description[lang].trim(), `${e.id} description ${lang}`).not.toBe('');
      }
      expect(e.tags.length, e.id).toBeGreaterThan(0);
    }
  });

  it('turns every entry into a scenario file that passes the import validation', () => {
    for (const e of GALLERY) {
      const s = galleryScenario(e, 'zh');
      // what an exported file would contain, read back as an import reads it
      const result = validateScenario(JSON.parse(JSON.stringify(s)));
      expect(result.ok ? [] : result.issues, e.id).toEqual([]);
      expect(s.name).toBe(e.title.zh);
      expect(s.editor).toBe(e.yaml);
      expect(s.manifests.length, e.id).toBeGreaterThan(0);
    }
  });

  it('covers the seed notes’ topics', () => {
    const kinds = new Set(GALLERY.flatMap((e) => manifestsOf(e.yaml).map((m) => m.kind)));
    for (const k of ['Deployment', 'Service', 'StatefulSet', 'DaemonSet', 'CronJob', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'Role', 'RoleBinding', 'CustomResourceDefinition', 'Website', 'Ingress']) {
      expect(kinds.has(k), k).toBe(true);
    }
    // NetworkPolicy is only enforced by Calico or canal: that scenario must build such a cluster
    const policy = GALLERY.filter((e) => manifestsOf(e.yaml).some((m) => m.kind === 'NetworkPolicy'));
    for (const e of policy) expect(e.settings.cni, e.id).toMatch(/^(calico|canal)/);
  });

  it('reads comments-only and empty documents as nothing, keeping document order', () => {
    const m = manifestsOf('# only a comment\n---\napiVersion: v1\nkind: A\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: B\nmetadata: {name: b}\n');
    expect(m.map((d) => d.kind)).toEqual(['A', 'B']);
    expect(() => manifestsOf('kind: [unclosed')).toThrow(/gallery YAML/);
  });

  it('applies the Website operator’s CRD before the Website that needs it', () => {
    const op = GALLERY.find((e) => e.id === 'website-operator')!;
    const batches = applyBatches(galleryScenario(op, 'en').manifests);
    expect(batches[0].map((m) => m.kind)).toEqual(['CustomResourceDefinition']);
    expect(batches[1].some((m) => m.kind === 'Website')).toBe(true);
  });
});
