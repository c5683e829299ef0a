import type { PlantedFault } from '../fault-proxy';
import { coreFaults } from './core';
import { idpFaults } from './idps';
import { authFaults } from './auth';
import { protocolFaults } from './protocol';
import { putAndLargeGroupFaults } from './put-and-large-groups';

/** Every planted fault, at least one per check family (the planted-faults test insists). */
export const PLANTED_FAULTS: PlantedFault[] = [...coreFaults, ...idpFaults, ...protocolFaults, ...putAndLargeGroupFaults, ...authFaults];
