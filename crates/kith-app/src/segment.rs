//! Community segments and their leave-well plans.
