export const requestTypes = ['corrective', 'preventive'] as const;
export type RequestType = (typeof requestTypes)[number];
export const requestStatuses = ['new', 'in_progress', 'repaired', 'scrap'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/**
 * The stages and the moves between them: new → in progress → repaired or scrap, and reopening a repaired one.
 * Shared so a board offers exactly the moves the API accepts.
 */
export const transitions: Record<RequestStatus, readonly RequestStatus[]> = {
  new: ['in_progress'],
  in_progress: ['repaired', 'scrap'],
  repaired: ['in_progress'],
  scrap: [],
};

export const stageLabels: Record<RequestStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  repaired: 'Repaired',
  scrap: 'Scrap',
};

export const closedStages: readonly RequestStatus[] = ['repaired', 'scrap'];
