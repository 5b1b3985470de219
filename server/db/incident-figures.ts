/** An incident's casualty and loss figures as `incident_state` keeps them: what every update may change. */
export type IncidentFigureColumns = {
  deaths: number;
  missing: number;
  serious_injuries: number;
  injuries: number;
  trapped: number;
  evacuated: number;
  at_risk: number | null;
  direct_loss_yuan: number;
};
