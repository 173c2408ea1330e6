import { describe, expect, it } from 'vitest';
import { splitPersonName } from '../../../lib/matching/person-name';

describe('splitPersonName', () => {
  it.each([
    ['Ben Carter', { firstName: 'Ben', lastName: 'Carter' }],
    ['Mary Ann van der Berg', { firstName: 'Mary Ann van der', lastName: 'Berg' }],
    ['Carter, Ben', { firstName: 'Ben', lastName: 'Carter' }],
    ['山田 太郎', { firstName: '太郎', lastName: '山田' }],
    ['山田\u3000太郎', { firstName: '太郎', lastName: '山田' }],
    ['タナカ アキラ', { firstName: 'アキラ', lastName: 'タナカ' }],
    ['山田太郎', { firstName: '', lastName: '山田太郎' }],
    ['Cher', { firstName: '', lastName: 'Cher' }],
    ['   ', { firstName: '', lastName: '' }],
  ])('splits %j', (name, expected) => {
    expect(splitPersonName(name)).toEqual(expected);
  });
});
