import { z } from 'zod';
import { code, shownText } from '../common/text.js';
import { defineEvent, defineRequest } from '../messaging/define.js';
import { eventSubjects, requestSubjects } from '../messaging/subjects.js';
import { CreateItemBody, Item, ItemCode, ItemPage, ItemSearchQuery, PublishItemBody, UpdateItemBody, WithdrawItemBody } from './item.schema.js';

const IdempotencyKey = code(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .min(8)
  .max(128);

export const itemRequests = {
  create: defineRequest({
    subject: requestSubjects.item.create,
    request: z.object({ item: CreateItemBody, idempotencyKey: IdempotencyKey.optional() }),
    reply: Item,
  }),
  update: defineRequest({
    subject: requestSubjects.item.update,
    request: z.object({ code: ItemCode, changes: UpdateItemBody }),
    reply: Item,
  }),
  publish: defineRequest({
    subject: requestSubjects.item.publish,
    request: PublishItemBody.extend({ code: ItemCode }),
    reply: Item,
  }),
  withdraw: defineRequest({
    subject: requestSubjects.item.withdraw,
    request: WithdrawItemBody.extend({ code: ItemCode }),
    reply: Item,
  }),
  get: defineRequest({
    subject: requestSubjects.item.get,
    request: z.object({ code: ItemCode, version: z.int().min(1).optional() }),
    reply: Item,
  }),
  search: defineRequest({
    subject: requestSubjects.item.search,
    request: ItemSearchQuery,
    reply: ItemPage,
  }),
};

export const itemEvents = {
  published: defineEvent(eventSubjects.item.published, Item),
  withdrawn: defineEvent(
    eventSubjects.item.withdrawn,
    z.object({ code: ItemCode, version: z.int().min(1), reason: shownText(), withdrawnAt: z.iso.datetime() }),
  ),
};

export { IdempotencyKey };
