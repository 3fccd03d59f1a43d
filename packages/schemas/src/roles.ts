/** Roles as stored; the API's policy table decides what each may do. */
export const userRoles = ['admin', 'manager', 'technician', 'employee'] as const;
export type UserRole = (typeof userRoles)[number];
