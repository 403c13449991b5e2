import {configure} from '@testing-library/react';

/**
 * The app's tests wait on real servers (the emulator, the provider) through `waitFor` and `findBy…`: Testing Library's
 * default of one second is a race on a shared 2-core machine running every suite at once, so they get ten. A wait still
 * ends as soon as what it waits for is there.
 */
configure({asyncUtilTimeout: 10_000});
