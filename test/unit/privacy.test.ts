import { describe, expect, it } from 'vitest';
import { maskName } from '../../domain/privacy.ts';

describe('maskName', () => {
  it.each([
    ['张三丰', '张**'],
    ['李明', '李*'],
    ['Wei Li', 'W** L*'],
    ['X', 'X*'],
    ['  王建国 ', '王**'],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never shows more than the first character of a word', () => {
    expect(maskName('欧阳娜娜')).not.toContain('阳');
  });
});
