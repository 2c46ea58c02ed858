// Shapes the desktop's stores are tested with (only in *.test.ts).
import type { Offer } from '../types'

export function anOffer(participationId: number, customerName: string | null = 'Ana Lopez'): Offer {
  return {
    participationId,
    conversationId: 100 + participationId,
    kind: 'route',
    channel: 'whatsapp',
    address: '+442079460123',
    addressFormatted: '+44 20 7946 0123',
    queueName: 'Support',
    customerName,
    source: null,
    fromAgent: null,
    offeredAt: 0,
    expiresAt: 30_000,
    screenPop: { kind: 'new', customer: null, recentCases: [], recentContactHistory: [], candidates: [], newCustomer: null },
    transcript: [],
  }
}
