import { idLocator } from '../common/locators';

export const leadIdLocator = idLocator({ name: 'leadId', displayName: 'Lead', searchMethod: 'searchLeads', placeholderName: 'lead' });
