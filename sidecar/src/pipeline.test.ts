import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from './config';
import { loadPipeline } from './pipeline';

describe('loadPipeline', () => {
  it('reads plugin/pipeline.json: won is never moved, lost may be revived to booked', () => {
    const pipeline = loadPipeline(path.join(packageRoot, '../plugin/pipeline.json'));
    expect(pipeline.allows('won', 'booked')).toBe(false);
    expect(pipeline.allows('lost', 'booked')).toBe(true);
    expect(pipeline.allows('lost', 'cancelled')).toBe(false);
  });

  it('refuses a file that names an unknown stage or lacks an automatic target', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pipeline-'));
    const file = path.join(dir, 'pipeline.json');
    const stages = [{ slug: 'new', label: 'New', group: 'open' }];
    writeFileSync(
      file,
      JSON.stringify({
        default: 'new',
        stages,
        automatic: { booked: ['nwe'], reschedule_requested: [], cancelled: [], no_show: [] },
      }),
    );
    expect(() => loadPipeline(file)).toThrow(/unknown stage "(booked|nwe)"/);
    writeFileSync(file, JSON.stringify({ default: 'new', stages, automatic: {} }));
    expect(() => loadPipeline(file)).toThrow(/Invalid pipeline file/);
    expect(() => loadPipeline(path.join(dir, 'missing.json'))).toThrow(/Cannot read the pipeline file/);
  });
});
