import { describe, expect, it } from 'vitest';
import { buildCatalog, lessonCatalog, loadLessonCatalog } from './catalog';

const good = `id: demo
title: { en: Demo, zh: 演示 }
summary: { en: A demo, zh: 一个演示 }
seed: { file: 001_abc.txt, section: pod }
steps:
  - title: { en: Read, zh: 阅读 }
    text: { en: Just read, zh: 只是阅读 }
`;

describe('the lesson catalog', () => {
  it('bundles every shipped lesson, valid and in order, loaded on demand', async () => {
    expect(lessonCatalog().lessons).toEqual([]);
    const { lessons, errors } = await loadLessonCatalog();
    expect(lessonCatalog().lessons).toBe(lessons);
    expect(errors).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(6);
    const orders = lessons.map((l) => l.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('leaves out broken files and reports why', () => {
    const { lessons, errors } = buildCatalog({
      '/x/09-demo.yaml': good,
      '/x/02-broken.yaml': 'id: [unclosed',
      '/x/03-wrong.yaml': good.replace('id: demo', 'id: wrong').replace('zh: 只是阅读', 'fr: lire'),
    });
    expect(lessons.map((l) => l.id)).toEqual(['demo']);
    expect(errors.some((e) => e.startsWith('02-broken.yaml: YAML'))).toBe(true);
    expect(errors.some((e) => e.startsWith('03-wrong.yaml') && e.includes('unknown field "fr"'))).toBe(true);
  });
});
