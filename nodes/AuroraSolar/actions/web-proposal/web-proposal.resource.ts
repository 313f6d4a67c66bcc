import { defineResource } from '../common/operation';
import { getWebProposal } from './get.operation';
import { generateWebProposalUrlOperation } from './generate-url.operation';

export const webProposalResource = defineResource({
	name: 'Web Proposal',
	value: 'webProposal',
	defaultOperation: 'get',
	operations: [getWebProposal, generateWebProposalUrlOperation],
});
