import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';

const cronJob = (schedule: string) => `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  schedule: ${JSON.stringify(schedule)}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox}]
`;

describe('CronJob schedule validation (validateScheduleFormat)', () => {
  it.each([
    ['*/5 * * *', 'spec.schedule: Invalid value: "*/5 * * *": expected exactly 5 fields, found 4: [*/5 * * *]'],
    ['61 * * * *', 'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61'],
    ['* * * * mon-x', 'spec.schedule: Invalid value: "* * * * mon-x": failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax'],
    ['@Daily', 'spec.schedule: Invalid value: "@Daily": unrecognized descriptor: @Daily'],
    ['TZ=Europe/Paris 0 9 * * *', 'spec.schedule: Invalid value: "TZ=Europe/Paris 0 9 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
  ])('refuses %j with robfig/cron\'s words', (schedule, message) => {
    const c = new TestCluster();
    const r = c.apply(cronJob(schedule));
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe(`The CronJob "c" is invalid: ${message}`);
    expect(c.world.list('CronJob', 'default')).toEqual([]);
  });

  it.each(['*/1 * * * *', '@hourly', '0 0 1 1 *', '@every 5m'])('accepts %j', (schedule) => {
    expect(new TestCluster().apply(cronJob(schedule)).ok).toBe(true);
  });
});
