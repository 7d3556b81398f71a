// The Live Watch view's expressions, in the user's order, kept in the workspace's state (per
// workspace, across sessions and restarts): add, edit, remove, move up and down. No UI, no DAP.

/** What the list needs of VS Code's workspaceState. */
export interface ListStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const STORE_KEY = 'openocd-debug.liveWatch.expressions';

export class LiveWatchList {
  private items: string[];

  constructor(private readonly store: ListStore) {
    const saved = store.get<unknown>(STORE_KEY);
    this.items = Array.isArray(saved) ? saved.filter((item): item is string => typeof item === 'string') : [];
  }

  get expressions(): readonly string[] {
    return this.items;
  }

  /** Appends an expression (trimmed); a blank one is refused, naming it. */
  async add(expression: string): Promise<void> {
    await this.save([...this.items, checked(expression)]);
  }

  /** Replaces the expression at `index`. */
  async edit(index: number, expression: string): Promise<void> {
    this.at(index);
    await this.save(this.items.map((item, k) => (k === index ? checked(expression) : item)));
  }

  async remove(index: number): Promise<void> {
    this.at(index);
    await this.save(this.items.filter((_, k) => k !== index));
  }

  async removeAll(): Promise<void> {
    await this.save([]);
  }

  /** Moves the expression at `index` one place up (-1) or down (+1); at an end it stays. */
  async move(index: number, by: -1 | 1): Promise<void> {
    this.at(index);
    const to = index + by;
    if (to < 0 || to >= this.items.length) return;
    const items = [...this.items];
    [items[index], items[to]] = [items[to], items[index]];
    await this.save(items);
  }

  private at(index: number): string {
    const item = this.items[index];
    if (item === undefined) throw new Error(`live watch: no expression at position ${index} (the list has ${this.items.length})`);
    return item;
  }

  private async save(items: string[]): Promise<void> {
    this.items = items;
    await this.store.update(STORE_KEY, items);
  }
}

function checked(expression: string): string {
  const trimmed = expression.trim();
  if (trimmed === '') throw new Error(`live watch: an expression must not be blank; got ${JSON.stringify(expression)}`);
  return trimmed;
}
