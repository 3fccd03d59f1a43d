import mongoose, { Schema } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { equalityFields, idOrderIndex, rangeIndex } from './serving-index.ts';

const schema = new Schema({ company: String, status: String, closedAt: Date, scheduledDate: Date });
schema.index({ company: 1, _id: -1 });
schema.index({ company: 1, status: 1, _id: -1 });
schema.index({ status: 1, scheduledDate: 1 });
schema.index({ company: 1, closedAt: 1, scheduledDate: 1 });
const model = new mongoose.Mongoose().model('ServingIndexProbe', schema);

describe('the declared index a query hints', () => {
  it('counts plain values and null as equalities, not operator documents', () => {
    expect(
      equalityFields({ company: 'c', closedAt: null, scheduledDate: { $lt: new Date() }, $or: [] }),
    ).toEqual(['company', 'closedAt']);
  });

  it('reads in _id order from the longest run of equalities followed by _id', () => {
    expect(idOrderIndex(model, ['company', 'status'])).toEqual({ company: 1, status: 1, _id: -1 });
    expect(idOrderIndex(model, ['company', 'closedAt'])).toEqual({ company: 1, _id: -1 });
    expect(idOrderIndex(model, ['status'])).toBeNull();
  });

  it('narrows by a range from the longest run of equalities followed by the range field', () => {
    expect(rangeIndex(model, ['company', 'closedAt'], 'scheduledDate')).toEqual({
      company: 1,
      closedAt: 1,
      scheduledDate: 1,
    });
    expect(rangeIndex(model, ['company', 'status', 'closedAt'], 'scheduledDate')).toEqual({
      company: 1,
      closedAt: 1,
      scheduledDate: 1,
    });
    expect(rangeIndex(model, ['status'], 'scheduledDate')).toEqual({ status: 1, scheduledDate: 1 });
    expect(rangeIndex(model, ['company'], 'scheduledDate')).toBeNull();
  });
});
