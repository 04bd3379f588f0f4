import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mask } from './masks.js';

describe(mask.name, () => {
  it('masks each kind of personal information as documented', () => {
    assert.equal(mask('id_number', '150102199003071237'), '150102********1237');
    assert.equal(mask('phone', '13800471001'), '138****1001');
    assert.equal(mask('name', '张三'), '张*');
    assert.equal(mask('name', '欧阳娜娜'), '欧***');
    assert.equal(mask('address', '呼和浩特市新城区示例路1号'), '呼和浩特市新****');
    assert.equal(mask('bank_account', '6222021234567890123'), '**** 0123');
    assert.equal(mask('health', '乙肝疫苗第二剂'), '***');
    assert.equal(mask('id_number', '123'), '***', 'a short value is masked whole');
  });
});
