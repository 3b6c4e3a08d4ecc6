/** A generated block of README.md, between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export interface ReadmeBlock {
  start: string;
  end: string;
}

export function readmeBlock(name: string): ReadmeBlock {
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

/** The block as the README has it now (markers included), or undefined when it has none. */
export function currentBlock(readme: string, block: ReadmeBlock): string | undefined {
  const start = readme.indexOf(block.start);
  const end = readme.indexOf(block.end);
  return start < 0 || end < start ? undefined : readme.slice(start, end + block.end.length);
}

/** README text with the block replaced by `content` (markers included); throws when the markers are missing. */
export function withBlock(readme: string, block: ReadmeBlock, content: string): string {
  const start = readme.indexOf(block.start);
  const end = readme.indexOf(block.end);
  if (start < 0 || end < start) throw new Error(`README has no ${block.start} … ${block.end} block`);
  return readme.slice(0, start) + content + readme.slice(end + block.end.length);
}
