import { describe, expect, it } from 'vitest';
import { EmulatedOrg } from '../../../emulator/org/org';
import { fixture, IDS, NOW, refusal } from './fixture';

describe('creating records', () => {
  it('gives a Task Salesforce’s defaults, derived fields and system fields', () => {
    const { org, ctx } = fixture();
    const id = org.create('Task', { Subject: 'Call', WhoId: IDS.ben }, ctx);
    expect(id).toMatch(/^00T[a-zA-Z0-9]{15}$/);
    expect(org.retrieve('Task', id, ctx)).toMatchObject({
      attributes: { type: 'Task', url: `/services/data/v62.0/sobjects/Task/${id}` },
      Id: id,
      Subject: 'Call',
      Status: 'Not Started',
      Priority: 'Normal',
      TaskSubtype: 'Task',
      IsClosed: false,
      IsDeleted: false,
      OwnerId: IDS.alex,
      CreatedById: IDS.alex,
      LastModifiedById: IDS.alex,
      CreatedDate: '2026-11-24T12:00:00.000+0000',
      LastModifiedDate: '2026-11-24T12:00:00.000+0000',
      SystemModstamp: '2026-11-24T12:00:00.000+0000',
      ActivityDate: null,
      WhatId: null,
    });
  });

  it('logs a call the way the sidebar does: completed, with call fields, and accepts 15-character ids', () => {
    const { org, ctx } = fixture();
    const id = org.create(
      'Task',
      {
        Subject: 'Dialpad Call - Outbound',
        Status: 'Completed',
        TaskSubtype: 'Call',
        CallType: 'Outbound',
        CallDurationInSeconds: 95,
        CallObject: '4642453962539008',
        CallDisposition: 'Left voicemail',
        ActivityDate: '2026-11-24',
        Description: 'x'.repeat(32_000),
        WhoId: IDS.ben.slice(0, 15),
        WhatId: IDS.deal,
        OwnerId: IDS.hanako,
      },
      ctx,
    );
    const task = org.retrieve('Task', id, ctx, ['IsClosed', 'TaskSubtype', 'WhoId', 'OwnerId', 'ActivityDate']);
    expect(task).toEqual({ attributes: task.attributes, IsClosed: true, TaskSubtype: 'Call', WhoId: IDS.ben, OwnerId: IDS.hanako, ActivityDate: '2026-11-24' });
  });

  it('derives Name for people (family name first in Japanese) and IsClosed/IsWon for opportunities', () => {
    const { org, ctx } = fixture();
    const contact = org.create('Contact', { FirstName: 'Grace', LastName: 'Okafor', AccountId: IDS.acme }, ctx);
    const japanese = org.create('Lead', { FirstName: '美咲', LastName: '高橋', Company: '高橋工業' }, ctx);
    expect(org.retrieve('Contact', contact, ctx, ['Name']).Name).toBe('Grace Okafor');
    expect(org.retrieve('Lead', japanese, ctx, ['Name', 'Status', 'IsConverted'])).toMatchObject({ Name: '高橋 美咲', Status: 'Open - Not Contacted', IsConverted: false });
    const deal = org.create('Opportunity', { Name: 'New', StageName: 'Prospecting', CloseDate: '2026-12-31' }, ctx);
    expect(org.retrieve('Opportunity', deal, ctx, ['IsClosed', 'IsWon'])).toMatchObject({ IsClosed: false, IsWon: false });
    org.update('Opportunity', deal, { StageName: 'Closed Won' }, ctx);
    expect(org.retrieve('Opportunity', deal, ctx, ['IsClosed', 'IsWon'])).toMatchObject({ IsClosed: true, IsWon: true });
  });

  it('answers REQUIRED_FIELD_MISSING with every missing field', () => {
    const { org, ctx } = fixture();
    expect(refusal(() => org.create('Contact', { FirstName: 'No' }, ctx)).toJSON()).toEqual({ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] });
    expect(refusal(() => org.create('Lead', { FirstName: 'No' }, ctx)).fields).toEqual(['LastName', 'Company']);
    expect(refusal(() => org.create('Opportunity', { Name: 'x' }, ctx)).fields).toEqual(['StageName', 'CloseDate']);
    expect(refusal(() => org.create('OpportunityContactRole', { Role: 'x' }, ctx)).fields).toEqual(['OpportunityId', 'ContactId']);
    expect(refusal(() => org.create('Account', { Name: '' }, ctx)).fields).toEqual(['Name']);
  });

  it('answers STRING_TOO_LONG at the field’s length', () => {
    const { org, ctx } = fixture();
    const error = refusal(() => org.create('Task', { Subject: 's'.repeat(256) }, ctx));
    expect(error).toMatchObject({ status: 400, errorCode: 'STRING_TOO_LONG', fields: ['Subject'] });
    expect(error.message).toMatch(/^Subject: data value too large: s{40}\.\.\. \(max length=255\)$/);
    expect(org.create('Task', { Subject: 's'.repeat(255) }, ctx)).toMatch(/^00T/);
    expect(refusal(() => org.create('Task', { Description: 'd'.repeat(32_001) }, ctx)).fields).toEqual(['Description']);
    expect(refusal(() => org.create('Contact', { LastName: 'l'.repeat(81) }, ctx)).fields).toEqual(['LastName']);
  });

  it('answers INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST outside the list, and accepts any Industry', () => {
    const { org, ctx } = fixture();
    for (const [type, fields, field] of [
      ['Task', { Status: 'Done' }, 'Status'],
      ['Task', { Priority: 'Urgent' }, 'Priority'],
      ['Task', { CallType: 'Outgoing' }, 'CallType'],
      ['Task', { TaskSubtype: 'Meeting' }, 'TaskSubtype'],
      ['Opportunity', { Name: 'x', CloseDate: '2026-12-01', StageName: 'Won' }, 'StageName'],
      ['Lead', { LastName: 'x', Company: 'y', Status: 'Hot' }, 'Status'],
    ] as const) {
      const error = refusal(() => org.create(type, fields, ctx));
      expect(error).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: [field] });
      expect(error.message).toMatch(new RegExp(`^${field}: bad value for restricted picklist field: `));
    }
    expect(org.create('Account', { Name: 'Z', Industry: 'Space Mining' }, ctx)).toMatch(/^001/);
  });

  it('checks lookups: wrong object → FIELD_INTEGRITY_EXCEPTION, missing or deleted → INVALID_CROSS_REFERENCE_KEY, garbage → MALFORMED_ID', () => {
    const { org, ctx } = fixture();
    expect(refusal(() => org.create('Task', { WhoId: IDS.acme }, ctx)).toJSON()).toEqual({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
      message: `Name ID: id value of incorrect type: ${IDS.acme}`,
      fields: ['WhoId'],
    });
    expect(refusal(() => org.create('Task', { WhatId: IDS.ben }, ctx)).message).toBe(`Related To ID: id value of incorrect type: ${IDS.ben}`);
    expect(refusal(() => org.create('Contact', { LastName: 'x', AccountId: IDS.deal }, ctx)).errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const ghost = `${IDS.ben.slice(0, 10)}zzzzz`;
    expect(refusal(() => org.create('Task', { WhoId: ghost }, ctx)).toJSON()).toEqual({ errorCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: ['WhoId'] });
    const gone = org.create('Contact', { LastName: 'Gone' }, ctx);
    org.delete('Contact', gone, ctx);
    expect(refusal(() => org.create('Task', { WhoId: gone }, ctx))).toMatchObject({ errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['WhoId'] });
    expect(refusal(() => org.create('Task', { WhoId: 'not-an-id' }, ctx))).toMatchObject({ errorCode: 'MALFORMED_ID', fields: ['WhoId'] });
    expect(refusal(() => org.create('Task', { OwnerId: IDS.ben }, ctx))).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['OwnerId'] });
  });

  it('refuses a Lead with a related record (FIELD_INTEGRITY_EXCEPTION), on create and on update', () => {
    const { org, ctx } = fixture();
    expect(refusal(() => org.create('Task', { WhoId: IDS.lead, WhatId: IDS.acme }, ctx))).toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['WhoId', 'WhatId'] });
    expect(refusal(() => org.update('Task', IDS.leadTask, { WhatId: IDS.deal }, ctx)).errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    // A Contact may have one.
    expect(org.create('Task', { WhoId: IDS.ben, WhatId: IDS.acme }, ctx)).toMatch(/^00T/);
  });

  it('answers INVALID_FIELD for unknown fields and INVALID_FIELD_FOR_INSERT_UPDATE for read-only ones', () => {
    const { org, ctx } = fixture();
    expect(refusal(() => org.create('Task', { Nope__c: 1 }, ctx)).toJSON()).toEqual({ errorCode: 'INVALID_FIELD', message: "No such column 'Nope__c' on sobject of type Task" });
    for (const field of ['IsClosed', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted']) {
      expect(refusal(() => org.create('Task', { Subject: 'x', [field]: null }, ctx))).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: [field] });
    }
    expect(refusal(() => org.create('Contact', { LastName: 'x', Name: 'x' }, ctx)).fields).toEqual(['Name']);
    expect(refusal(() => org.create('Opportunity', { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-12-01', IsWon: true }, ctx)).fields).toEqual(['IsWon']);
    expect(refusal(() => org.create('Task', { Id: IDS.callA }, ctx))).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: 'cannot specify Id in an insert call' });
  });

  it('answers JSON_PARSER_ERROR for values of the wrong JSON type', () => {
    const { org, ctx } = fixture();
    expect(refusal(() => org.create('Task', { CallDurationInSeconds: 'long' }, ctx)).errorCode).toBe('JSON_PARSER_ERROR');
    expect(refusal(() => org.create('Task', { ActivityDate: 'tomorrow' }, ctx)).errorCode).toBe('JSON_PARSER_ERROR');
    expect(refusal(() => org.create('Opportunity', { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-12-01', Amount: '12' }, ctx)).errorCode).toBe('JSON_PARSER_ERROR');
  });

  it('refuses DML on User and on unknown objects', () => {
    const { org, ctx } = fixture();
    expect(refusal(() => org.create('User', { LastName: 'x' }, ctx)).errorCode).toBe('INVALID_TYPE_FOR_OPERATION');
    expect(refusal(() => org.create('Widget__c', {}, ctx))).toMatchObject({ status: 404, errorCode: 'NOT_FOUND' });
  });
});

describe('updating, reading and deleting', () => {
  it('updates fields, re-derives, stamps LastModified and keeps Created', () => {
    const { org, ctx } = fixture();
    const later = { ...ctx, userId: IDS.hanako, now: new Date(NOW.getTime() + 60_000) };
    org.update('Task', IDS.openFuture, { Status: 'Completed', Id: IDS.openFuture }, later);
    expect(org.retrieve('Task', IDS.openFuture, ctx, ['IsClosed', 'CreatedDate', 'LastModifiedDate', 'LastModifiedById', 'Subject'])).toMatchObject({
      IsClosed: true,
      Subject: 'Send quote',
      CreatedDate: '2026-11-01T09:00:00.000+0000',
      LastModifiedDate: '2026-11-24T12:01:00.000+0000',
      LastModifiedById: IDS.hanako,
    });
    org.update('Contact', IDS.ann, { FirstName: 'Annie' }, ctx);
    expect(org.retrieve('Contact', IDS.ann, ctx, ['Name']).Name).toBe('Annie Lee');
  });

  it('refuses clearing a required field, changing TaskSubtype, and records that are gone', () => {
    const { org, ctx } = fixture();
    expect(refusal(() => org.update('Contact', IDS.ben, { LastName: null }, ctx))).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] });
    expect(refusal(() => org.update('Task', IDS.callA, { TaskSubtype: 'Task' }, ctx))).toMatchObject({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['TaskSubtype'] });
    expect(refusal(() => org.update('Task', IDS.deletedTask, { Subject: 'x' }, ctx))).toMatchObject({ status: 404, errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' });
    expect(refusal(() => org.delete('Task', IDS.deletedTask, ctx)).errorCode).toBe('ENTITY_IS_DELETED');
    expect(refusal(() => org.retrieve('Task', `${IDS.callA.slice(0, 10)}zzzzz`, ctx))).toMatchObject({ status: 404, errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' });
  });

  it('reads only the fields asked for, in that order, and refuses unknown ones', () => {
    const { org, ctx } = fixture();
    const task = org.retrieve('Task', IDS.callA.slice(0, 15), ctx, ['subject', 'CallType']);
    expect(Object.keys(task)).toEqual(['attributes', 'Subject', 'CallType']);
    expect(refusal(() => org.retrieve('Task', IDS.callA, ctx, ['Nope'])).errorCode).toBe('INVALID_FIELD');
  });

  it('deletes softly: the record leaves queries but stays in queryAll and the snapshot', () => {
    const { org, ctx } = fixture();
    org.delete('Task', IDS.callB, ctx);
    expect(org.query(`SELECT Id FROM Task WHERE Id = '${IDS.callB}'`, ctx).totalSize).toBe(0);
    expect(org.query(`SELECT Id, IsDeleted FROM Task WHERE Id = '${IDS.callB}'`, ctx, { includeDeleted: true }).records[0]).toMatchObject({ IsDeleted: true });
    expect(org.snapshot().records.Task!.find((t) => t.Id === IDS.callB)).toMatchObject({ IsDeleted: true });
  });

  it('round-trips through its snapshot', () => {
    const { org, ctx } = fixture();
    const id = org.create('Task', { Subject: 'Persist me', WhoId: IDS.yamada }, ctx);
    const copy = new EmulatedOrg(org.snapshot());
    expect(copy.retrieve('Task', id, ctx, ['Subject', 'WhoId'])).toMatchObject({ Subject: 'Persist me', WhoId: IDS.yamada });
    expect(copy.snapshot()).toEqual(org.snapshot());
    // New ids never collide with loaded ones.
    expect(copy.create('Task', { Subject: 'next' }, ctx)).not.toBe(id);
  });
});
