import { Injectable } from '@nestjs/common';
import { identityRequests, type RequestOf } from '@igs/contracts';
import { HandleRequest, type RequestContext } from '@igs/platform';
import { PersonsService } from './persons.service.js';
import { RegistrationService } from './registration.service.js';

@Injectable()
export class PersonsHandlers {
  constructor(
    private readonly persons: PersonsService,
    private readonly registration: RegistrationService,
  ) {}

  @HandleRequest(identityRequests.startRegistration)
  startRegistration(request: RequestOf<typeof identityRequests.startRegistration>) {
    return this.registration.start(request);
  }

  @HandleRequest(identityRequests.registerPerson)
  register(request: RequestOf<typeof identityRequests.registerPerson>) {
    return this.registration.register(request);
  }

  @HandleRequest(identityRequests.registerEnterprise)
  registerEnterprise(request: RequestOf<typeof identityRequests.registerEnterprise>, { caller }: RequestContext) {
    return this.persons.registerEnterprise(request, caller);
  }

  @HandleRequest(identityRequests.me)
  me(_request: RequestOf<typeof identityRequests.me>, { caller }: RequestContext) {
    return this.persons.me(caller);
  }
}
