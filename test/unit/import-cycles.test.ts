import path from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../../scripts/stack/paths';

type ImportGraph = Map<string, string[]>;

/** Each cycle once, as the modules along it (the first repeated at the end). */
function findCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (module: string) => {
    const at = onPath.indexOf(module);
    if (at >= 0) return void cycles.push([...onPath.slice(at), module]);
    if (done.has(module)) return;
    onPath.push(module);
    for (const imported of graph.get(module) ?? []) visit(imported);
    onPath.pop();
    done.add(module);
  };
  for (const module of graph.keys()) visit(module);
  return cycles;
}

const SKIPPED = ['node_modules', '.data', '.tools', 'dist', 'coverage'];
const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
};

/** Every module of the project's own code (type-only and dynamic imports too) and the modules it imports. */
function projectImportGraph(): ImportGraph {
  const files = ts.sys.readDirectory(
    PROJECT_ROOT,
    ['.ts', '.tsx', '.mts'],
    SKIPPED.map((d) => `**/${d}`),
  );
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(ts.sys.readFile(file) ?? '', true, true);
    const imports = importedFiles.flatMap(({ fileName }) => {
      const resolved = ts.resolveModuleName(fileName, file, OPTIONS, ts.sys).resolvedModule;
      return resolved && !resolved.isExternalLibraryImport ? [resolved.resolvedFileName] : [];
    });
    graph.set(
      path.relative(PROJECT_ROOT, file),
      imports.map((f) => path.relative(PROJECT_ROOT, f)),
    );
  }
  return graph;
}

test('finds a cycle of imports, however long', () => {
  const graph: ImportGraph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']],
  ]);
  expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  expect(
    findCycles(
      new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', []],
      ]),
    ),
  ).toEqual([]);
});

test("no module of the project's own code imports itself through others", () => {
  const graph = projectImportGraph();
  expect(graph.size).toBeGreaterThan(200);
  expect(graph.get('workflows/order-saga.ts')).toContain('workflows/order-steps.ts');
  expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
});
