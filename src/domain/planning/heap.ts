// A binary heap over (key, value) pairs in typed arrays: Dijkstra and lazy greedy push tens of
// thousands of entries, and an array of objects would cost an allocation each.

/** A min-heap of numeric keys carrying an integer value; for a max-heap push negated keys. */
export class MinHeap {
  private keys = new Float64Array(64)
  private values = new Int32Array(64)
  private n = 0

  get size(): number {
    return this.n
  }

  push(key: number, value: number): void {
    if (this.n === this.keys.length) {
      const keys = new Float64Array(this.n * 2)
      keys.set(this.keys)
      this.keys = keys
      const values = new Int32Array(this.n * 2)
      values.set(this.values)
      this.values = values
    }
    let i = this.n++
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.keys[parent]! <= key)
        break
      this.keys[i] = this.keys[parent]!
      this.values[i] = this.values[parent]!
      i = parent
    }
    this.keys[i] = key
    this.values[i] = value
  }

  /** Smallest key without removing it; undefined when empty. */
  peekKey(): number | undefined {
    return this.n > 0 ? this.keys[0] : undefined
  }

  /** Removes the entry with the smallest key and returns its value; throws when empty. */
  pop(): number {
    if (this.n === 0)
      throw new Error('pop from an empty heap')
    const top = this.values[0]!
    const n = --this.n
    const key = this.keys[n]!
    const value = this.values[n]!
    let i = 0
    for (;;) {
      let child = 2 * i + 1
      if (child >= n)
        break
      if (child + 1 < n && this.keys[child + 1]! < this.keys[child]!)
        child++
      if (this.keys[child]! >= key)
        break
      this.keys[i] = this.keys[child]!
      this.values[i] = this.values[child]!
      i = child
    }
    this.keys[i] = key
    this.values[i] = value
    return top
  }
}
