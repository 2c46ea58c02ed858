// How roles read to people: "Back office", not the API's "BackOffice".
const labels: Record<string, string> = { Agent: 'Agent', Supervisor: 'Supervisor', BackOffice: 'Back office', Admin: 'Admin' }

export function roleLabel(role: string): string {
  return labels[role] ?? role
}
