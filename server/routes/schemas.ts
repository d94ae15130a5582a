/** JSON-schema fragments shared by the routes (request validation and response serialization). */
export const money = { type: 'string', pattern: '^-?\\d+\\.\\d{2}$', description: 'amount in the spend currency, rounded to cents' } as const;
export const nullableMoney = { type: ['string', 'null'], description: 'amount rounded to cents, or null' } as const;
export const pct = { type: ['number', 'null'], description: 'percent, null when the base is zero' } as const;
export const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (UTC)' } as const;
export const accountId = { type: 'string', pattern: '^\\d{12}$', description: '12-digit AWS account id' } as const;
export const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9_007_199_254_740_991 } } } as const;
export const anyObject = { type: 'object', additionalProperties: true } as const;
export const errorBody = { type: 'object', properties: { error: { type: 'string' }, statusCode: { type: 'integer' }, field: { type: 'string' } } } as const;

export const budgetRow = {
  type: 'object',
  properties: {
    accountId: { type: 'string' }, name: { type: 'string' }, owner: { type: 'string' }, status: { type: 'string', enum: ['over', 'at-risk', 'ok'] },
    month: { type: 'string' }, monthToDate: money, forecast: nullableMoney, budget: money, actualPercent: { type: 'number' }, forecastPercent: pct,
    forecastMethod: { type: ['string', 'null'] }, computedAt: { type: ['string', 'null'] },
  },
} as const;

export const moverRow = {
  type: 'object',
  properties: { accountId: { type: 'string' }, service: { type: 'string' }, name: { type: 'string' }, thisWeek: money, lastWeek: money, change: money, changePercent: pct },
} as const;
